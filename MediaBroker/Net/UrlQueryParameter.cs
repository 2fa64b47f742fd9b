namespace MediaBroker.Net;

/// <summary>One parameter of a <see cref="UrlQuery"/>: the name as written and the still-encoded value.</summary>
internal readonly ref struct UrlQueryParameter
{
    public UrlQueryParameter(ReadOnlySpan<char> name, ReadOnlySpan<char> rawValue)
    {
        Name = name;
        RawValue = rawValue;
    }

    public ReadOnlySpan<char> Name { get; }

    public ReadOnlySpan<char> RawValue { get; }

    /// <summary>The percent-decoded value.</summary>
    /// <param name="plusIsSpace">HTML form encoding (application/x-www-form-urlencoded) writes a space as '+'.</param>
    public string DecodeValue(bool plusIsSpace = false)
    {
        if (RawValue.IsEmpty)
        {
            return "";
        }

        var raw = RawValue.ToString();
        return Uri.UnescapeDataString(plusIsSpace ? raw.Replace('+', ' ') : raw);
    }
}
