using MediaBroker.Conf;
using MediaBroker.Hosting;

namespace MediaBroker;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var cli = CommandLine.Parse(args);
        if (cli.ShowHelp)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        if (cli.ShowVersion)
        {
            Console.WriteLine(CommandLine.Version);
            return 0;
        }

        if (cli.Error is { } error)
        {
            await Console.Error.WriteLineAsync($"mediabroker: {error} (see --help)").ConfigureAwait(false);
            return 2;
        }

        var loaded = ConfLoader.LoadFile(cli.ConfigPath, EnvironmentVariables.Read());
        if (!loaded.Ok)
        {
            await Console.Error.WriteLineAsync($"ERR: invalid configuration{(loaded.FilePath is { } f ? " in " + f : "")}:").ConfigureAwait(false);
            foreach (var e in loaded.Errors)
            {
                await Console.Error.WriteLineAsync($"  {e}").ConfigureAwait(false);
            }

            return 1;
        }

        return await BrokerApp.RunAsync(loaded).ConfigureAwait(false);
    }
}
