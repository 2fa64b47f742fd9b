using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// Turns units into what one protocol's readers need (RTP packets, FLV tags, TS packets...) once per
/// stream, in the publisher's order, and fans the result out to that protocol's readers.
/// <see cref="Write"/> runs on the publisher's task: keep it short and never block.
/// </summary>
public interface IStreamEncoder
{
    void Write(Unit unit);

    /// <summary>The stream ended: complete every subscription.</summary>
    void Complete();
}
