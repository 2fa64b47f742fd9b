using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>
/// A minimal RTSP camera for source tests: answers OPTIONS/DESCRIBE/SETUP/PLAY with a fixed PCMU SDP and announces a
/// server_port, but after PLAY sends its RTP from a different UDP socket, as some cameras do.
/// </summary>
internal sealed partial class FakeRtspCamera : IAsyncDisposable
{
    private const string Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:trackID=0\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Socket _announced = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private int _lastClientPort;
    private IReadOnlyList<string> _lastPlayHeaders = [];

    public FakeRtspCamera()
    {
        _announced.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Start();
        _tasks.Add(AcceptAsync());
    }

    /// <summary>The RTP client_port of the last SETUP (0 before any).</summary>
    public int LastClientPort => Volatile.Read(ref _lastClientPort);

    /// <summary>The header lines of the last PLAY request (Range, Scale...).</summary>
    public IReadOnlyList<string> LastPlayHeaders => Volatile.Read(ref _lastPlayHeaders);

    public string Url => $"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cam";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _announced.Dispose();
        _sender.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"client_port=(\d+)")]
    private static partial Regex ClientPort();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_tasks)
            {
                _tasks.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        var stream = client.GetStream();
        var clientPort = 0;
        try
        {
            while (true)
            {
                var headers = new List<string>();
                for (var line = await reader.ReadLineAsync(_stop.Token); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync(_stop.Token))
                {
                    headers.Add(line);
                }

                if (headers.Count == 0)
                {
                    return;
                }

                var method = headers[0].Split(' ')[0];
                var cseq = headers.FirstOrDefault(h => h.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))?[5..].Trim() ?? "0";
                var extra = "";
                var body = "";
                switch (method)
                {
                    case "OPTIONS":
                        extra = "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n";
                        break;
                    case "DESCRIBE":
                        extra = $"Content-Type: application/sdp\r\nContent-Base: {Url}/\r\n";
                        body = Sdp;
                        break;
                    case "SETUP":
                        clientPort = int.Parse(ClientPort().Match(string.Join("\n", headers)).Groups[1].Value, CultureInfo.InvariantCulture);
                        Volatile.Write(ref _lastClientPort, clientPort);
                        var serverPort = ((IPEndPoint)_announced.LocalEndPoint!).Port;
                        extra = $"Transport: RTP/AVP;unicast;client_port={clientPort}-{clientPort + 1};server_port={serverPort}-{serverPort + 1}\r\n"
                            + "Session: 12345678;timeout=60\r\n";
                        break;
                    case "PLAY":
                        Volatile.Write(ref _lastPlayHeaders, headers);
                        extra = "Session: 12345678\r\n";
                        lock (_tasks)
                        {
                            _tasks.Add(SendRtpAsync(clientPort));
                        }

                        break;
                }

                var response = $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{extra}Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The source hung up or the test ended.
        }
    }

    /// <summary>20 ms PCMU packets (160 samples) from the socket whose port was never announced.</summary>
    private async Task SendRtpAsync(int clientPort)
    {
        var to = new IPEndPoint(IPAddress.Loopback, clientPort);
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        packet[8] = 0x12;
        packet[9] = 0x34;
        packet.AsSpan(12).Fill(0xFF);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            for (ushort seq = 0; await timer.WaitForNextTickAsync(_stop.Token); seq++)
            {
                packet[2] = (byte)(seq >> 8);
                packet[3] = (byte)seq;
                var ts = (uint)seq * 160;
                packet[4] = (byte)(ts >> 24);
                packet[5] = (byte)(ts >> 16);
                packet[6] = (byte)(ts >> 8);
                packet[7] = (byte)ts;
                await _sender.SendToAsync(packet, SocketFlags.None, to, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test ended.
        }
    }
}
