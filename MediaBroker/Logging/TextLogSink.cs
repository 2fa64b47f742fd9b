using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Logging;

/// <summary>stdout or the log file: text lines or JSON lines.</summary>
internal sealed class TextLogSink : ILogSink
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly bool _structured;
    private readonly StringBuilder _line = new(256);
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly Utf8JsonWriter _jsonWriter;

    public TextLogSink(TextWriter writer, bool ownsWriter, bool structured)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
        _structured = structured;
        _jsonWriter = new Utf8JsonWriter(_json, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Opens (appending) the log file; throws if it cannot, so a bad <c>logFile</c> is reported at (re)load.</summary>
    public static TextLogSink OpenFile(string path, bool structured)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096);
        return new TextLogSink(new StreamWriter(stream, new UTF8Encoding(false)), ownsWriter: true, structured);
    }

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

        _writer.Write(_line);
    }

    public void Flush() => _writer.Flush();

    public void Dispose()
    {
        _writer.Flush();
        _jsonWriter.Dispose();
        if (_ownsWriter)
        {
            _writer.Dispose();
        }
    }
}
