using MediaBroker.Fuzz;
using SharpFuzz;

// MediaBroker.Fuzz <target>            run under afl-fuzz (SharpFuzz's out-of-process loop reads AFL's input)
// MediaBroker.Fuzz <target> <file|dir> run each file through the target once (reproduce a crash)
// MediaBroker.Fuzz --list              the targets
// MediaBroker.Fuzz --seed <kind> <in> <outdir>  seeds made with the broker's code (fuzz/make-corpus.sh)
if (args is ["--seed", var kind, var input, var outDir])
{
    return SeedMaker.Run(kind, input, outDir);
}

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    foreach (var t in FuzzTargets.All)
    {
        Console.WriteLine($"{t.Name,-18} {t.Parser}");
    }

    return args.Length == 0 ? 2 : 0;
}

if (FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"unknown target '{args[0]}' (--list shows them)");
    return 2;
}

if (args.Length > 1)
{
    var files = Directory.Exists(args[1]) ? Directory.GetFiles(args[1]).Order(StringComparer.Ordinal).ToArray() : [args[1]];
    foreach (var file in files)
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"ok {file}");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
