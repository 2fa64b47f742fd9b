using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Logging;

/// <summary>stdout or the log file: text lines or JSON lines.</summary>
internal sealed class TextLogSink : ILogSink
{
    private readonly Func<TextWriter>? _open;
    private readonly bool _ownsWriter;
    private TextWriter? _writer;
    private readonly bool _structured;
    private readonly StringBuilder _line = new(256);
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly Utf8JsonWriter _jsonWriter;

    public TextLogSink(TextWriter writer, bool ownsWriter, bool structured)
        : this((Func<TextWriter>?)null, ownsWriter, structured) => _writer = writer;

    private TextLogSink(Func<TextWriter>? open, bool ownsWriter, bool structured)
    {
        _open = open;
        _ownsWriter = ownsWriter;
        _structured = structured;
        _jsonWriter = new Utf8JsonWriter(_json, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// Checks now that the log file can be opened (so a bad <c>logFile</c> fails the (re)load), but opens it for
    /// writing only on first use, in the writer, after the previous destinations were flushed and closed:
    /// two appending streams on one file would overwrite each other's lines.
    /// </summary>
    public static TextLogSink OpenFile(string path, bool structured)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        Open(full).Dispose();
        return new TextLogSink(() => new StreamWriter(Open(full), new UTF8Encoding(false)), ownsWriter: true, structured);
    }

    private static FileStream Open(string full) =>
        new(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096);

    public void Write(LogEntry entry)
    {
        if (_structured)
        {
            _json.ResetWrittenCount();
            _jsonWriter.Reset();
            LogFormatter.WriteJson(_jsonWriter, entry);
            _jsonWriter.Flush();
            _line.Clear().Append(Encoding.UTF8.GetString(_json.WrittenSpan)).Append('\n');
        }
        else
        {
            LogFormatter.AppendText(_line.Clear(), entry);
        }

        (_writer ??= _open!()).Write(_line);
    }

    public void Flush() => _writer?.Flush();

    public void Dispose()
    {
        _jsonWriter.Dispose();
        if (_writer is null)
        {
            return;
        }

        _writer.Flush();
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }
}
