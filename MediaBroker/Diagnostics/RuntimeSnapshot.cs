using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MediaBroker.Diagnostics;

/// <summary>Plain-text reports of the runtime's state (memory, threads), read in process: no trace session needed.</summary>
internal static class RuntimeSnapshot
{
    private static readonly string[] s_generations = ["gen0", "gen1", "gen2", "loh", "poh"];

    /// <summary>The managed heap after the last collection, allocation totals and the process's memory.</summary>
    public static string Heap()
    {
        var sb = new StringBuilder();
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        Line(sb, "heap_size_bytes", info.HeapSizeBytes);
        Line(sb, "fragmented_bytes", info.FragmentedBytes);
        Line(sb, "committed_bytes", info.TotalCommittedBytes);
        Line(sb, "promoted_bytes", info.PromotedBytes);
        Line(sb, "pinned_objects", info.PinnedObjectsCount);
        Line(sb, "total_available_memory_bytes", info.TotalAvailableMemoryBytes);
        for (int g = 0; g < info.GenerationInfo.Length && g < s_generations.Length; g++)
        {
            Line(sb, s_generations[g] + "_size_after_bytes", info.GenerationInfo[g].SizeAfterBytes);
            Line(sb, s_generations[g] + "_fragmentation_after_bytes", info.GenerationInfo[g].FragmentationAfterBytes);
        }

        Line(sb, "total_allocated_bytes", GC.GetTotalAllocatedBytes());
        for (int g = 0; g <= GC.MaxGeneration; g++)
        {
            Line(sb, "gen" + g.ToString(CultureInfo.InvariantCulture) + "_collections", GC.CollectionCount(g));
        }

        Line(sb, "gc_pause_total_ms", (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        Line(sb, "gc_pause_time_percentage", info.PauseTimePercentage);
        Line(sb, "server_gc", System.Runtime.GCSettings.IsServerGC ? 1 : 0);
        Line(sb, "working_set_bytes", process.WorkingSet64);
        Line(sb, "private_memory_bytes", process.PrivateMemorySize64);
        return sb.ToString();
    }

    /// <summary>Thread-pool state and the process's threads (what Go's goroutine profile is for: who is waiting on what).</summary>
    public static string Threads()
    {
        var sb = new StringBuilder();
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        ThreadPool.GetAvailableThreads(out var freeWorkers, out var freeIo);
        Line(sb, "threadpool_threads", ThreadPool.ThreadCount);
        Line(sb, "threadpool_pending_work_items", ThreadPool.PendingWorkItemCount);
        Line(sb, "threadpool_completed_work_items", ThreadPool.CompletedWorkItemCount);
        Line(sb, "threadpool_min_workers", minWorkers);
        Line(sb, "threadpool_min_io", minIo);
        Line(sb, "threadpool_busy_workers", maxWorkers - freeWorkers);
        Line(sb, "threadpool_busy_io", maxIo - freeIo);
        Line(sb, "lock_contentions", Monitor.LockContentionCount);
        Line(sb, "timers", Timer.ActiveCount);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Line(sb, "process_threads", process.Threads.Count);
        Line(sb, "cpu_total_ms", (long)process.TotalProcessorTime.TotalMilliseconds);
        sb.Append('\n').Append("# id state wait_reason cpu_ms").Append('\n');
        foreach (ProcessThread t in process.Threads)
        {
            try
            {
                var wait = t.ThreadState == System.Diagnostics.ThreadState.Wait ? t.WaitReason.ToString() : "-";
                sb.Append(t.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(t.ThreadState).Append(' ').Append(wait).Append(' ')
                    .Append(((long)t.TotalProcessorTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            catch (InvalidOperationException)
            {
                // The thread exited while we were listing.
            }
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string name, double value) =>
        sb.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
