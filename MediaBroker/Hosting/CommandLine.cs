namespace MediaBroker.Hosting;

/// <summary>The command line, as mediamtx takes it: an optional config file path, plus --help and --version.</summary>
internal sealed record CommandLine(string? ConfigPath, bool ShowHelp, bool ShowVersion, string? Error)
{
    public static string Version => BrokerVersion.Current;

    public static string Usage => $"""
        MediaBroker {Version}: a live media server (RTSP, RTMP, HLS, WebRTC, SRT) compatible with MediaMTX configuration.

        Usage: mediabroker [options] [config-file]

          config-file   path of the configuration file. Without it, mediabroker.yml (or mediamtx.yml) in the
                        working directory is used; with no file at all the built-in defaults apply.
          -h, --help    show this help and exit
          --version     print the version and exit

        Environment variables MTX_<KEY> override configuration keys (MTX_RTSPADDRESS=:8555,
        MTX_PATHS_CAM_SOURCE=rtsp://...). See docs/configuration.md.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "-h" or "--help" or "-help":
                    return new CommandLine(null, true, false, null);
                case "--version" or "-version":
                    return new CommandLine(null, false, true, null);
                default:
                    if (arg.StartsWith('-'))
                    {
                        return new CommandLine(null, false, false, $"unknown option '{arg}'");
                    }

                    if (path is not null)
                    {
                        return new CommandLine(null, false, false, $"unexpected argument '{arg}': only one config file can be given");
                    }

                    path = arg;
                    break;
            }
        }

        return new CommandLine(path, false, false, null);
    }
}
