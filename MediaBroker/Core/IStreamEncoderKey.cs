namespace MediaBroker.Core;

/// <summary>
/// Names a shared encoder of a stream: the key type fixes the encoder type, and its value the settings that make
/// two encoders different (an RTP payload size, say). Keys are value-equal <c>readonly record struct</c>s defined
/// next to their encoder, so every reader asking with equal settings gets the same encoder, whichever protocol asks.
/// </summary>
/// <typeparam name="TEncoder">The encoder this key creates and finds.</typeparam>
public interface IStreamEncoderKey<out TEncoder>
    where TEncoder : class, IStreamEncoder
{
    /// <summary>Creates the encoder for <paramref name="stream"/>; called once per stream and key, under the stream's lock.</summary>
    TEncoder Create(MediaStream stream);
}
