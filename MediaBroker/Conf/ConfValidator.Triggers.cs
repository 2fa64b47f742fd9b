namespace MediaBroker.Conf;

internal static partial class ConfValidator
{
    private static void ValidateTriggers(BrokerConf c, ConfBindContext ctx)
    {
        Positive(c.TriggersTimeout, "triggersTimeout", ctx);
        for (int i = 0; i < c.Triggers.Length; i++)
        {
            TriggerConf t = c.Triggers[i];
            string prefix = $"triggers[{i}].";
            if (!TriggerConf.Names.Contains(t.Trigger))
            {
                ctx.Error(prefix + "trigger", $"'{t.Trigger}' is not a supported trigger (supported: {string.Join(", ", TriggerConf.Names.Order(StringComparer.Ordinal))})");
            }
            else if (TriggerConf.RewriteNames.Contains(t.Trigger) && !t.Sync)
            {
                ctx.Error(prefix + "sync", $"must be true for {t.Trigger}: its response is the new value");
            }
            else if (TriggerConf.NotificationNames.Contains(t.Trigger) && t.Sync)
            {
                ctx.Error(prefix + "sync", $"must be false for {t.Trigger}: nothing waits for it");
            }

            if (t.Handler.Trim().Length == 0)
            {
                ctx.Error(prefix + "handler", "cannot be empty (an http:// URL or an executable)");
            }
            else if (t.Handler.Contains("://", StringComparison.Ordinal)
                && !(Uri.TryCreate(t.Handler, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                ctx.Error(prefix + "handler", $"'{t.Handler}' is not an http:// or https:// URL");
            }

            for (int j = 0; j < t.Streams.Length; j++)
            {
                if (t.Streams[j].Length == 0) ctx.Error($"{prefix}streams[{j}]", "cannot be empty");
            }
        }
    }
}
