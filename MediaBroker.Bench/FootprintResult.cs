namespace MediaBroker.Bench;

/// <summary>One phase of the footprint scenario: the broker's memory as /proc/pid/status shows it.</summary>
internal sealed record FootprintResult
{
    public required string Phase { get; init; }

    /// <summary>VmRSS: what the targets are stated in.</summary>
    public required double RssMib { get; init; }

    /// <summary>RssAnon: GC heap, native heaps (libsrt, OpenSSL), thread stacks, runtime data.</summary>
    public required double AnonMib { get; init; }

    /// <summary>RssFile: pages of mapped files (the runtime, the framework's and our assemblies, native libraries).</summary>
    public required double FileMib { get; init; }

    /// <summary>RssShmem: the JIT's double-mapped executable memory (W^X) lives here.</summary>
    public required double ShmemMib { get; init; }

    public required int Threads { get; init; }

    /// <summary>Readers connected and receiving in this phase.</summary>
    public required int Readers { get; init; }

    /// <summary>
    /// (RSS − the same broker's RSS with the publisher and its probe reader) / readers, for the N-reader phases; for a
    /// marginal phase (<see cref="MarginalFrom"/> set), (RSS − RSS with <see cref="MarginalFrom"/> readers) / the readers added.
    /// </summary>
    public double? RssKibPerReader { get; init; }

    /// <summary>The same difference in anonymous memory only (file pages do not grow per reader).</summary>
    public double? AnonKibPerReader { get; init; }

    /// <summary>The managed heap after the last GC (<c>--gc-heap yes</c> only).</summary>
    public double? GcHeapMib { get; init; }

    /// <summary>Memory the GC has committed, heap and free space (<c>--gc-heap yes</c> only).</summary>
    public double? GcCommittedMib { get; init; }

    /// <summary>The reader count of the phase the per-reader figures are taken against, for a marginal phase.</summary>
    public int? MarginalFrom { get; init; }

    /// <summary>Readers that got no media within the phase (the per-reader figures then count fewer readers than asked).</summary>
    public int Failed { get; init; }
}
