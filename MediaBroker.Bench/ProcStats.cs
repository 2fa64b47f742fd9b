using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>CPU time and RSS of a process, read from /proc so that any process can be measured the same way.</summary>
internal static class ProcStats
{
    /// <summary>utime + stime of the process, all threads.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may contain spaces and parentheses; fields resume after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        // USER_HZ is 100 on every Linux ABI .NET supports.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Resident set size in KiB (VmRSS).</summary>
    public static long RssKib(int pid) => StatusKib(pid, "VmRSS");

    /// <summary>A "kB" field of /proc/pid/status (VmRSS, RssAnon, RssFile, RssShmem...), 0 when absent.</summary>
    public static long StatusKib(int pid, string field)
    {
        var prefix = field + ":";
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Threads of the process (Threads: in /proc/pid/status).</summary>
    public static int Threads(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
