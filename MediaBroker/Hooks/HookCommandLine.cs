using System.Text;

namespace MediaBroker.Hooks;

/// <summary>
/// Turns a hook command into an argument list without a shell: split shell-style (single quotes, double
/// quotes, backslash escapes), then <c>$VAR</c> / <c>${VAR}</c> expanded in each argument from the hook's
/// variables first and the process environment second, as MediaMTX's externalcmd does.
/// </summary>
public static class HookCommandLine
{
    /// <summary>Throws <see cref="FormatException"/> on an unterminated quote or a trailing backslash.</summary>
    public static IReadOnlyList<string> Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = new List<string>();
        var current = new StringBuilder();
        var inArg = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inArg)
                    {
                        args.Add(current.ToString());
                        current.Clear();
                        inArg = false;
                    }

                    break;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("unterminated single quote in hook command");
                    }

                    current.Append(command, i + 1, close - i - 1);
                    i = close;
                    inArg = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(command, i + 1, current);
                    inArg = true;
                    break;
                case '\\':
                    if (i + 1 >= command.Length)
                    {
                        throw new FormatException("trailing backslash in hook command");
                    }

                    // A backslash-newline continues the line; any other escaped character is literal.
                    if (command[i + 1] != '\n')
                    {
                        current.Append(command[i + 1]);
                        inArg = true;
                    }

                    i++;
                    break;
                default:
                    current.Append(c);
                    inArg = true;
                    break;
            }
        }

        if (inArg)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c>; unknown names become "". A lone <c>$</c> stays.</summary>
    public static string Expand(string arg, IReadOnlyDictionary<string, string> env, Func<string, string?> processEnv)
    {
        ArgumentNullException.ThrowIfNull(arg);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(processEnv);
        if (!arg.Contains('$', StringComparison.Ordinal))
        {
            return arg;
        }

        var sb = new StringBuilder(arg.Length);
        for (var i = 0; i < arg.Length; i++)
        {
            if (arg[i] != '$' || i + 1 >= arg.Length)
            {
                sb.Append(arg[i]);
                continue;
            }

            string name;
            if (arg[i + 1] == '{')
            {
                var close = arg.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append(arg[i]);
                    continue;
                }

                name = arg[(i + 2)..close];
                i = close;
            }
            else
            {
                var end = i + 1;
                while (end < arg.Length && (char.IsAsciiLetterOrDigit(arg[end]) || arg[end] == '_'))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    sb.Append(arg[i]);
                    continue;
                }

                name = arg[(i + 1)..end];
                i = end - 1;
            }

            sb.Append(env.TryGetValue(name, out var v) ? v : processEnv(name) ?? "");
        }

        return sb.ToString();
    }

    /// <summary>Splits, then expands every argument.</summary>
    public static IReadOnlyList<string> Parse(string command, IReadOnlyDictionary<string, string> env, Func<string, string?>? processEnv = null)
    {
        processEnv ??= Environment.GetEnvironmentVariable;
        return [.. Split(command).Select(a => Expand(a, env, processEnv))];
    }

    private static int ReadDoubleQuoted(string s, int i, StringBuilder into)
    {
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                return i;
            }

            // Inside double quotes a backslash escapes only $ ` " \ and newline (POSIX shell rules).
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '$' or '`' or '"' or '\\' or '\n')
            {
                if (s[i + 1] != '\n')
                {
                    into.Append(s[i + 1]);
                }

                i++;
                continue;
            }

            into.Append(c);
        }

        throw new FormatException("unterminated double quote in hook command");
    }
}
