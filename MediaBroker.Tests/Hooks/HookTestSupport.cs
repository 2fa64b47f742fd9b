using System.Diagnostics;

namespace MediaBroker.Tests.Hooks;

/// <summary>A temp directory with small shell scripts for hook tests; deleted on dispose.</summary>
internal sealed class HookSandbox : IDisposable
{
    public HookSandbox() => Dir = Directory.CreateTempSubdirectory("mb-hooks-").FullName;

    public string Dir { get; }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Writes an executable /bin/sh script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = PathOf(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    public string Read(string name) => File.Exists(PathOf(name)) ? File.ReadAllText(PathOf(name)) : "";

    /// <summary>Polls until the file satisfies <paramref name="done"/>; fails after the deadline.</summary>
    public async Task<string> WaitForAsync(string name, Func<string, bool> done, double seconds = 10)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var text = Read(name);
            if (done(text))
            {
                return text;
            }

            if (sw.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"{name} never matched; content: '{text}'");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
