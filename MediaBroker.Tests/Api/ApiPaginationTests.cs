using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiPaginationTests
{
    [Fact]
    public void TryRead_NoParameters_Defaults()
    {
        ApiPagination.TryRead(new QueryCollection(), out var page, out var ipp).Should().BeNull();
        page.Should().Be(0);
        ipp.Should().Be(100);
    }

    [Fact]
    public void Page_Empty_ZeroPages()
    {
        var o = ApiPagination.Page([], 0, 100);
        o.ToJsonString().Should().Be("""{"itemCount":0,"pageCount":0,"items":[]}""");
    }

    [Fact]
    public void Page_ExactMultiple_PageCount()
    {
        JsonNode?[] items = [.. Enumerable.Range(0, 4).Select(i => (JsonNode?)JsonValue.Create(i))];
        ApiPagination.Page(items, 1, 2)["items"]!.ToJsonString().Should().Be("[2,3]");
        ApiPagination.Page(items, 0, 2)["pageCount"]!.GetValue<int>().Should().Be(2);
        ApiPagination.Page(items, int.MaxValue, int.MaxValue)["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public void TryRead_Huge_Rejected()
    {
        var q = new QueryCollection(new Dictionary<string, StringValues> { ["page"] = "99999999999" });
        ApiPagination.TryRead(q, out _, out _).Should().NotBeNull();
    }
}
