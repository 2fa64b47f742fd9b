using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Bench;

/// <summary>
/// A minimal HTTP-FLV player: one GET of <c>/&lt;path&gt;.flv</c> on the HLS listener, then it undoes the chunked
/// transfer coding and walks the FLV tags, counting video tags as messages. Raw socket and one reused buffer, as the
/// HLS reader, so that many readers cost the tool little next to the broker.
/// </summary>
internal sealed class HttpFlvReader
{
    private readonly ReaderCounters _counters;

    // Chunked transfer coding (RFC 9112 §7.1): a hex size line, that many bytes, CRLF.
    private long _chunkLeft;
    private long _chunkSize;
    private int _chunkState; // 0: size digits, 1: rest of the size line, 2: data, 3: CRLF after data

    // FLV: 13-byte file header, then per tag an 11-byte header, the body and a 4-byte size.
    private int _skip = 13;
    private readonly byte[] _tagHeader = new byte[11];
    private int _tagHeaderFill;

    private HttpFlvReader(ReaderCounters counters) => _counters = counters;

    public static async Task RunAsync(int port, string path, ReaderCounters counters, CancellationToken ct)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            await s.SendAsync(Encoding.ASCII.GetBytes($"GET /{path.Trim('/')}.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), SocketFlags.None, ct);
            var buffer = new byte[64 * 1024];
            var filled = 0;
            int bodyStart;
            while (true)
            {
                // The first read may bring the header and a whole cached GOP: look for the header's end before giving up.
                var n = await s.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
                filled += n;
                if ((bodyStart = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) >= 0)
                {
                    break;
                }

                if (n == 0 || filled == buffer.Length)
                {
                    throw new IOException("no HTTP response header");
                }
            }

            if (!buffer.AsSpan(0, bodyStart).StartsWith("HTTP/1.1 200"u8))
            {
                throw new IOException("HTTP-FLV refused: " + Encoding.ASCII.GetString(buffer, 0, Math.Min(bodyStart, 64)));
            }

            var reader = new HttpFlvReader(counters);
            reader.Feed(buffer.AsSpan(bodyStart + 4, filled - bodyStart - 4));
            while (!ct.IsCancellationRequested)
            {
                var n = await s.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    throw new EndOfStreamException("the broker ended the response");
                }

                reader.Feed(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Normal end of the run.
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            counters.Error = ex.Message;
        }
    }

    /// <summary>Takes raw (chunked) response bytes.</summary>
    private void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            switch (_chunkState)
            {
                case 0:
                {
                    var b = data[0];
                    data = data[1..];
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        _chunkSize = (_chunkSize << 4) | (uint)digit;
                    }
                    else
                    {
                        _chunkState = b == '\n' ? 2 : 1;
                        _chunkLeft = _chunkSize;
                        if (_chunkState == 2 && _chunkLeft == 0)
                        {
                            throw new EndOfStreamException("the broker ended the response");
                        }
                    }

                    break;
                }

                case 1:
                {
                    var lf = data.IndexOf((byte)'\n');
                    if (lf < 0)
                    {
                        return;
                    }

                    data = data[(lf + 1)..];
                    _chunkState = 2;
                    if (_chunkLeft == 0)
                    {
                        throw new EndOfStreamException("the broker ended the response");
                    }

                    break;
                }

                case 2:
                {
                    var n = (int)Math.Min(_chunkLeft, data.Length);
                    FeedFlv(data[..n]);
                    data = data[n..];
                    _chunkLeft -= n;
                    if (_chunkLeft == 0)
                    {
                        _chunkState = 3;
                    }

                    break;
                }

                default:
                {
                    var lf = data.IndexOf((byte)'\n');
                    if (lf < 0)
                    {
                        return;
                    }

                    data = data[(lf + 1)..];
                    _chunkState = 0;
                    _chunkSize = 0;
                    break;
                }
            }
        }
    }

    private void FeedFlv(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_skip > 0)
            {
                var n = Math.Min(_skip, data.Length);
                _skip -= n;
                data = data[n..];
                continue;
            }

            var take = Math.Min(_tagHeader.Length - _tagHeaderFill, data.Length);
            data[..take].CopyTo(_tagHeader.AsSpan(_tagHeaderFill));
            _tagHeaderFill += take;
            data = data[take..];
            if (_tagHeaderFill < _tagHeader.Length)
            {
                return;
            }

            _tagHeaderFill = 0;
            var size = (_tagHeader[1] << 16) | (_tagHeader[2] << 8) | _tagHeader[3];
            _skip = size + 4;
            switch (_tagHeader[0])
            {
                case 8 or 9:
                    _counters.AddMedia(size + 15, _tagHeader[0] == 9 ? 1 : 0);
                    break;
                case 18:
                    break;
                default:
                    throw new InvalidDataException($"FLV tag type {_tagHeader[0]}");
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
