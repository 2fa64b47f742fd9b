using System.Reflection;
using FluentAssertions;
using MediaBroker.Media;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Media;

public sealed class UnitTests
{
    [Fact]
    public void Properties_AreInitOnly()
    {
        // Units are shared by every reader once published: nothing may change them afterwards.
        foreach (var p in typeof(Unit).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Should().Contain(typeof(System.Runtime.CompilerServices.IsExternalInit), p.Name);
        }
    }

    [Fact]
    public void WithTimeOffset_CopiesEveryProperty_ShiftsOnlyTimes()
    {
        var track = TestPaths.H264AndAac()[0];
        var unit = new Unit
        {
            Track = track,
            Pts = 7_200,
            Dts = 3_600,
            NtpTime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
            IsRandomAccess = true,
            Payloads = [new byte[] { 0x65 }],
            RtpPackets = [new byte[12]],
            FlvBody = new byte[] { 0x17, 1, 0, 0, 0, 0, 0, 0, 1, 0x65 },
        };
        var settable = typeof(Unit).GetProperties().Where(p => p.SetMethod is not null).ToList();
        settable.Should().OnlyContain(p => !Equals(p.GetValue(unit), Default(p.PropertyType)), "the sample sets every property, so a forgotten copy shows");

        var shifted = unit.WithTimeOffset(90_000);

        shifted.Should().NotBeSameAs(unit);
        shifted.Pts.Should().Be(97_200);
        shifted.Dts.Should().Be(93_600);
        foreach (var p in settable.Where(p => p.Name is not (nameof(Unit.Pts) or nameof(Unit.Dts))))
        {
            p.GetValue(shifted).Should().Be(p.GetValue(unit), p.Name); // arrays and tracks by reference: shared, not copied
        }

        unit.WithTimeOffset(0).Should().BeSameAs(unit, "no shift, no copy");
    }

    private static object? Default(Type t) => t.IsValueType ? Activator.CreateInstance(t) : null;
}
