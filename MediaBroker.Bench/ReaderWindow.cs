namespace MediaBroker.Bench;

/// <summary>
/// One steady window of a <see cref="ReaderFleet"/>: its length, the CPU time each measured process used over it (in the
/// order the pids were given), each reader's rate, and the messages and HTTP requests all readers received and sent.
/// </summary>
internal sealed record ReaderWindow(TimeSpan Elapsed, TimeSpan[] Cpu, double[] ReaderKbps, long Messages, long Requests)
{
    /// <summary>The cores process <paramref name="i"/> used on average over the window.</summary>
    public double Cores(int i) => Cpu[i] / Elapsed;
}
