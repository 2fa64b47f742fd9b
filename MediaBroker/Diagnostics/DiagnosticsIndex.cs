namespace MediaBroker.Diagnostics;

/// <summary>The page at <c>/debug/pprof/</c>: what each URL gives and which tool reads it.</summary>
internal static class DiagnosticsIndex
{
    public const string Html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>/debug/pprof/</title></head>
        <body>
        <h1>/debug/pprof/</h1>
        <p>MediaBroker is a .NET process: these are .NET diagnostics behind MediaMTX's pprof URLs.</p>
        <table>
        <tr><td><a href="profile?seconds=30">profile?seconds=30</a></td><td>CPU samples as an EventPipe trace (.nettrace): PerfView, Visual Studio, or <code>dotnet-trace convert --format speedscope</code></td></tr>
        <tr><td><a href="trace?seconds=5">trace?seconds=5</a></td><td>runtime events (collections, lock contention, exceptions, thread pool) as a .nettrace</td></tr>
        <tr><td><a href="allocs?seconds=10">allocs?seconds=10</a></td><td>allocation samples with their types as a .nettrace</td></tr>
        <tr><td><a href="heap">heap</a> (<a href="heap?gc=1">heap?gc=1</a>)</td><td>managed heap and process memory, as text</td></tr>
        <tr><td><a href="goroutine">goroutine</a> (also <a href="threads">threads</a>)</td><td>thread pool and process threads, as text</td></tr>
        <tr><td><a href="cmdline">cmdline</a></td><td>the command line</td></tr>
        <tr><td>dump?type=mini|heap|full</td><td>a process dump for <code>dotnet-dump analyze</code> (heap by default; large)</td></tr>
        </table>
        </body></html>
        """;
}
