using System.Collections.Frozen;
using FluentAssertions;
using MediaBroker.Conf;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace MediaBroker.Tests.Conf;

/// <summary>
/// The rule users rely on: every configuration key does what it says, or the broker refuses it with a warning at
/// load. A key counts as implemented when code outside <c>MediaBroker.Conf</c> calls its property getter (found in
/// the compiled IL, lambdas and async state machines included). Deprecated keys are not properties: they are
/// rewritten to their target key, so they count as read when their target is.
/// </summary>
public sealed class ConfKeyReadersTests
{
    private static readonly Lazy<FrozenSet<string>> s_readGetters = new(FindReadGetters);

    [Fact]
    public void EveryGlobalKey_HasAReaderOrIsRefusedWithAWarning()
    {
        Unread(ConfSchema.Global, typeof(BrokerConf), ConfUnsupported.GlobalKeys)
            .Should().BeEmpty("these global keys load but nothing outside MediaBroker/Conf reads them; implement them or add them to ConfUnsupported.GlobalKeys");
    }

    [Fact]
    public void EveryPathKey_HasAReaderOrIsRefusedWithAWarning()
    {
        Unread(ConfSchema.Path, typeof(PathConf), ConfUnsupported.PathKeys)
            .Should().BeEmpty("these path keys load but nothing outside MediaBroker/Conf reads them; implement them or add them to ConfUnsupported.PathKeys");
    }

    [Fact]
    public void UnsupportedKeys_AreKeysAndHaveNoReader()
    {
        // A key that gained a reader must leave the refused list (its warning would now lie).
        foreach ((ConfSchema schema, Type type, FrozenSet<string> refused) in new[]
        {
            (ConfSchema.Global, typeof(BrokerConf), ConfUnsupported.GlobalKeys),
            (ConfSchema.Path, typeof(PathConf), ConfUnsupported.PathKeys),
        })
        {
            foreach (string name in refused)
            {
                ConfKey? k = schema.Find(name);
                k.Should().NotBeNull($"'{name}' is listed as unsupported but is not a key");
                k!.Name.Should().Be(name);
                s_readGetters.Value.Should().NotContain(Getter(type, k), $"'{name}' has a reader now; remove it from ConfUnsupported");
            }
        }
    }

    private static List<string> Unread(ConfSchema schema, Type type, FrozenSet<string> refused) =>
        [.. schema.Keys
            .Where(k => !refused.Contains(k.Name))
            .Where(k => !s_readGetters.Value.Contains(Getter(type, k)))
            .Select(k => k.Name)];

    private static string Getter(Type type, ConfKey k) => $"{type.FullName}::get_{k.Property.Name}";

    /// <summary>Every BrokerConf / PathConf getter called (or taken as a delegate) by a type outside MediaBroker.Conf.</summary>
    private static FrozenSet<string> FindReadGetters()
    {
        string confNs = typeof(BrokerConf).Namespace!;
        var watched = new HashSet<string>(StringComparer.Ordinal) { typeof(BrokerConf).FullName!, typeof(PathConf).FullName! };
        var found = new HashSet<string>(StringComparer.Ordinal);
        using AssemblyDefinition asm = AssemblyDefinition.ReadAssembly(typeof(BrokerConf).Assembly.Location);
        foreach (TypeDefinition type in asm.MainModule.GetTypes())
        {
            TypeDefinition outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType;
            if (outer.Namespace == confNs || outer.Namespace.StartsWith(confNs + ".", StringComparison.Ordinal)) continue;
            foreach (MethodDefinition m in type.Methods)
            {
                if (!m.HasBody) continue;
                foreach (Instruction ins in m.Body.Instructions)
                {
                    if (ins.Operand is MethodReference mr && mr.Name.StartsWith("get_", StringComparison.Ordinal)
                        && watched.Contains(mr.DeclaringType.FullName))
                    {
                        found.Add($"{mr.DeclaringType.FullName}::{mr.Name}");
                    }
                }
            }
        }

        return found.ToFrozenSet(StringComparer.Ordinal);
    }
}
