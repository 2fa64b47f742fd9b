using System.Text.RegularExpressions;

namespace MediaBroker.Conf;

/// <summary>Rules for <c>paths</c> entries (MediaMTX's path <c>validate</c>).</summary>
internal static partial class ConfValidator
{
    private static readonly string[] s_urlSourceSchemes =
    [
        "rtsp", "rtsps", "rtsp+http", "rtsps+http", "rtsp+ws", "rtsps+ws", "rtmp", "rtmps", "http", "https",
        "udp", "udp+mpegts", "unix+mpegts", "udp+rtp", "srt", "whep", "wheps", "moqt",
    ];

    private static readonly string[] s_dateParts = ["%Y", "%m", "%d", "%H", "%M", "%S"];

    private static readonly string[] s_forwardSchemes = ["rtsp", "rtsps", "rtmp", "rtmps", "srt", "whip", "whips"];

    public static void ValidatePaths(BrokerConf c, ConfBindContext ctx)
    {
        string? catchAll = null;
        foreach (PathConf p in c.Paths)
        {
            if (PathNames.IsCatchAll(p.Name))
            {
                if (catchAll is not null)
                {
                    ctx.ErrorAt($"paths.{p.Name}", ctx.LineOfKey($"paths.{p.Name}"), $"'{p.Name}' and '{catchAll}' are the same catch-all; only one is allowed");
                }

                catchAll = p.Name;
            }

            ValidatePath(p, c, ctx);
        }
    }

    public static void ValidatePath(PathConf p, BrokerConf global, ConfBindContext ctx)
    {
        string entry = $"paths.{p.Name}";
        if (p.Name.StartsWith('~') && !PathNames.IsCatchAll(p.Name))
        {
            try
            {
                _ = new Regex(p.Name[1..], RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                ctx.ErrorAt(entry, ctx.LineOfKey(entry), $"invalid regular expression: {e.Message}");
            }
        }
        else if (!PathNames.IsCatchAll(p.Name) && PathNames.Validate(p.Name) is { } why)
        {
            ctx.ErrorAt(entry, ctx.LineOfKey(entry), $"invalid path name: {why}");
        }

        ValidateSource(p, ctx);
        ValidateReaderBatch(p, ctx);

        if (p.SrtPublishPassphrase.Length != 0 && p.SrtPublishPassphrase.Length is < 10 or > 79)
        {
            ctx.PathError(p, "srtPublishPassphrase", "must be between 10 and 79 characters");
        }

        if (p.SrtReadPassphrase.Length != 0 && p.SrtReadPassphrase.Length is < 10 or > 79)
        {
            ctx.PathError(p, "srtReadPassphrase", "must be between 10 and 79 characters");
        }

        if (p.MaxReaders < 0) ctx.PathError(p, "maxReaders", "cannot be negative");
        PathPositive(p, p.SourceOnDemandStartTimeout, "sourceOnDemandStartTimeout", ctx);
        PathPositive(p, p.SourceOnDemandCloseAfter, "sourceOnDemandCloseAfter", ctx);
        PathPositive(p, p.RunOnDemandStartTimeout, "runOnDemandStartTimeout", ctx);
        PathPositive(p, p.RunOnDemandCloseAfter, "runOnDemandCloseAfter", ctx);

        if (p.RunOnDemand.Length != 0 && p.Source != "publisher")
        {
            ctx.PathError(p, "runOnDemand", "can be used only when source is 'publisher'");
        }

        ValidateAlwaysAvailable(p, ctx);
        ValidateRecord(p, global, ctx);

        if (p.RtspScale.Length > 0 && !IsRtspScale(p.RtspScale))
        {
            ctx.PathError(p, "rtspScale", $"'{p.RtspScale}' is not a speed such as 1, 2, 0.5 or -1");
        }

        if (p.RtspUDPSourcePortRange.Length != 2 || p.RtspUDPSourcePortRange[0] is < 1 or > 65535
            || p.RtspUDPSourcePortRange[1] is < 1 or > 65535 || p.RtspUDPSourcePortRange[0] > p.RtspUDPSourcePortRange[1])
        {
            ctx.PathError(p, "rtspUDPSourcePortRange", "must be two ports [first, last] with first <= last");
        }
        else if (p.RtspUDPSourcePortRange[1] - (p.RtspUDPSourcePortRange[0] + (p.RtspUDPSourcePortRange[0] & 1)) < 1)
        {
            ctx.PathError(p, "rtspUDPSourcePortRange", "must hold an even port (RTP) and the next one (RTCP)");
        }

        for (int i = 0; i < p.Forward.Length; i++)
        {
            if (!HasScheme(p.Forward[i].Dest, s_forwardSchemes))
            {
                ctx.PathError(p, $"forward[{i}].dest", $"'{p.Forward[i].Dest}' is not an rtsp(s), rtmp(s), srt or whip(s) URL");
            }
        }
    }

    private static void ValidateSource(PathConf p, ConfBindContext ctx)
    {
        string s = p.Source;
        bool isPublisher = s == "publisher";
        bool isRedirect = s == "redirect";
        if (s == "rpiCamera")
        {
            ctx.PathError(p, "source", "Raspberry Pi cameras are not supported by MediaBroker");
        }
        else if (FileSourceUrl.IsFileUrl(s))
        {
            ValidateFileSource(p, ctx);
            if (p.IsRegex)
            {
                ctx.PathError(p, "source", "a path with a regular expression (or all_others) cannot have a static source");
            }
        }
        else if (!isPublisher && !isRedirect)
        {
            if (!HasScheme(s, s_urlSourceSchemes) || !Uri.TryCreate(SubstituteForCheck(s), UriKind.Absolute, out Uri? uri))
            {
                ctx.PathError(p, "source", $"'{s}' is not 'publisher', 'redirect' or a supported source URL");
            }
            else if (NeedsPort(uri.Scheme) && uri.IsDefaultPort)
            {
                ctx.PathError(p, "source", $"'{s}' must include a port");
            }
            else if (uri.Scheme == "udp+rtp" && p.RtpSDP.Length == 0)
            {
                ctx.PathError(p, "rtpSDP", "is required with a udp+rtp:// source");
            }

            if (p.IsRegex)
            {
                ctx.PathError(p, "source", "a path with a regular expression (or all_others) cannot have a static source");
            }
        }

        if (isRedirect && p.SourceRedirect.Length == 0)
        {
            ctx.PathError(p, "sourceRedirect", "is required when source is 'redirect'");
        }

        if (p.SourceOnDemand && (isPublisher || isRedirect))
        {
            ctx.PathError(p, "sourceOnDemand", "is only useful with a static source (source is '" + s + "')");
        }
    }

    /// <summary>A file source must name a readable file of a known container, or a folder read on demand.</summary>
    private static void ValidateFileSource(PathConf p, ConfBindContext ctx)
    {
        if (FileSourceUrl.TryParse(p.Source, out string? why) is not { } url)
        {
            ctx.PathError(p, "source", $"'{p.Source}' {why}");
            return;
        }

        if (url.IsFolder)
        {
            if (!Directory.Exists(url.LocalPath))
            {
                ctx.PathError(p, "source", $"the folder {url.LocalPath} does not exist");
            }
            else if (!p.SourceOnDemand)
            {
                ctx.PathError(p, "sourceOnDemand", "must be yes with a folder source: each file plays when a reader asks for <path>/<file name>");
            }

            return;
        }

        if (FileSourceUrl.ContainerOf(url.LocalPath) is null)
        {
            ctx.PathError(p, "source", $"'{Path.GetExtension(url.LocalPath)}' is not a file type MediaBroker plays ({FileSourceUrl.ExtensionList})");
        }
        else if (!File.Exists(url.LocalPath))
        {
            ctx.PathError(p, "source", $"the file {url.LocalPath} does not exist");
        }
    }

    private static void ValidateAlwaysAvailable(PathConf p, ConfBindContext ctx)
    {
        if (!p.AlwaysAvailable) return;
        if (p.IsRegex) ctx.PathError(p, "alwaysAvailable", "cannot be used on a path with a regular expression (or all_others)");
        if (p.SourceOnDemand) ctx.PathError(p, "alwaysAvailable", "cannot be used together with sourceOnDemand");
        if (p.RunOnDemand.Length != 0) ctx.PathError(p, "alwaysAvailable", "cannot be used together with runOnDemand");
        if (p.UseAbsoluteTimestamp) ctx.PathError(p, "alwaysAvailable", "cannot be used together with useAbsoluteTimestamp");
        if (p.AlwaysAvailableTracks.IsEmpty && p.AlwaysAvailableFile.Length == 0)
        {
            ctx.PathError(p, "alwaysAvailable", "needs alwaysAvailableTracks or alwaysAvailableFile");
        }

        if (p.AlwaysAvailableFile.Length != 0)
        {
            return; // the file's tracks are the offline tracks
        }

        // The offline audio is made from these values (silence at this rate and layout), so they must describe one.
        for (int i = 0; i < p.AlwaysAvailableTracks.Length; i++)
        {
            AlwaysAvailableTrackConf t = p.AlwaysAvailableTracks[i];
            string key = $"alwaysAvailableTracks[{i}]";
            bool needsRate = t.Codec is "MPEG4Audio" or "G711" or "LPCM";
            if (needsRate && (t.SampleRate is < 1 or > 384000))
            {
                ctx.PathError(p, key + ".sampleRate", $"is required for {t.Codec} (1 to 384000)");
            }

            (int min, int max) = t.Codec switch
            {
                "MPEG4Audio" => (1, 8),
                "Opus" => (0, 2),
                "G711" or "LPCM" => (1, 8),
                _ => (0, int.MaxValue),
            };
            if (t.ChannelCount < min || t.ChannelCount > max || (t.Codec == "MPEG4Audio" && t.ChannelCount == 7))
            {
                ctx.PathError(p, key + ".channelCount", t.Codec == "MPEG4Audio"
                    ? "is required for MPEG4Audio: 1 to 6, or 8"
                    : $"must be {min} to {max} for {t.Codec}");
            }
        }
    }

    private static void ValidateRecord(PathConf p, BrokerConf global, ConfBindContext ctx)
    {
        string rp = p.RecordPath;
        if (!rp.Contains("%path", StringComparison.Ordinal))
        {
            ctx.PathError(p, "recordPath", "must contain %path");
        }

        if (!rp.Contains("%s", StringComparison.Ordinal) && !s_dateParts.All(x => rp.Contains(x, StringComparison.Ordinal)))
        {
            ctx.PathError(p, "recordPath", "must contain either %s or all of %Y %m %d %H %M %S");
        }

        if (global.Playback && !rp.Contains("%f", StringComparison.Ordinal))
        {
            ctx.PathError(p, "recordPath", "must contain %f when playback is enabled");
        }

        PathPositive(p, p.RecordPartDuration, "recordPartDuration", ctx);
        PathPositive(p, p.RecordSegmentDuration, "recordSegmentDuration", ctx);
        if (p.RecordMaxPartSize <= 0) ctx.PathError(p, "recordMaxPartSize", "must be greater than zero");
        if (p.RecordDeleteAfter < TimeSpan.Zero) ctx.PathError(p, "recordDeleteAfter", "cannot be negative");
        if (p.RecordDeleteAfter != TimeSpan.Zero && p.RecordDeleteAfter < p.RecordSegmentDuration)
        {
            ctx.PathError(p, "recordDeleteAfter", "must be 0s (keep forever) or at least recordSegmentDuration");
        }
    }

    private static void PathPositive(PathConf p, TimeSpan value, string key, ConfBindContext ctx)
    {
        if (value <= TimeSpan.Zero) ctx.PathError(p, key, "must be greater than zero");
    }

    private static bool HasScheme(string url, string[] schemes)
    {
        int colon = url.IndexOf("://", StringComparison.Ordinal);
        return colon > 0 && schemes.Contains(url[..colon].ToLowerInvariant());
    }

    /// <summary>UDP, SRT and unix sources have no default port to fall back on.</summary>
    private static bool NeedsPort(string scheme) => scheme is "udp" or "udp+mpegts" or "udp+rtp" or "srt";

    /// <summary><c>$G1</c> or <c>$MTX_QUERY</c> placeholders are filled in later; make them URL-safe for the syntax check.</summary>
    private static string SubstituteForCheck(string s) => s.Replace("$", "x", StringComparison.Ordinal);

    /// <summary>RFC 2326's Scale value: an optional minus, digits, an optional fraction, not zero.</summary>
    private static bool IsRtspScale(string v) =>
        System.Text.RegularExpressions.Regex.IsMatch(v, @"^-?[0-9]+(\.[0-9]+)?$")
        && double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) != 0;

    /// <summary>Longer batches than this would only hide a mistake (a unit typo): players stall on bursts that long.</summary>
    private static readonly TimeSpan s_maxReaderBatch = TimeSpan.FromSeconds(10);

    private static void ValidateReaderBatch(PathConf p, ConfBindContext ctx)
    {
        string v = p.ReaderBatchDuration.Trim();
        if (v == "auto")
        {
            return;
        }

        if (!ConfValues.TryParseDuration(v, out TimeSpan d) || d < TimeSpan.Zero || d > s_maxReaderBatch)
        {
            ctx.PathError(p, "readerBatchDuration", $"'{p.ReaderBatchDuration}' is not auto or a duration from 0s to 10s");
        }
    }
}
