using MediaBroker.Formats.Amf;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// A command message (RTMP specification 1.0 §7.1.1, §7.2): name, transaction id, command object, arguments.
/// AMF3 command messages (type 17) start with one format byte and then carry AMF0.
/// </summary>
public sealed record RtmpCommand(string Name, double TransactionId, AmfObject? CommandObject, IReadOnlyList<object?> Arguments)
{
    public static RtmpCommand Parse(RtmpMessage message)
    {
        var payload = message.Payload.Span;
        if (message.Type == RtmpMessageType.CommandAmf3 && !payload.IsEmpty && payload[0] == 0)
        {
            payload = payload[1..];
        }

        List<object?> values;
        try
        {
            values = Amf0Reader.ReadAll(payload);
        }
        catch (AmfProtocolException e)
        {
            throw new RtmpProtocolException($"malformed command: {e.Message}", e);
        }

        if (values.Count == 0 || values[0] is not string name)
        {
            throw new RtmpProtocolException("command message without a name");
        }

        var transactionId = values.Count > 1 && values[1] is double id ? id : 0;
        var commandObject = values.Count > 2 ? values[2] as AmfObject : null;
        var arguments = values.Count > 3 ? values.GetRange(3, values.Count - 3) : [];
        return new RtmpCommand(name, transactionId, commandObject, arguments);
    }

    /// <summary>The first argument as a string (publish/play name), or null.</summary>
    public string? StringArgument(int index) => index < Arguments.Count ? Arguments[index] as string : null;
}
