using System.Text;

namespace RuleScoring.Storage.Import;

/// <summary>
/// UTF-8 that marks bytes which are not UTF-8 with <see cref="Mark"/> (a noncharacter no text
/// carries) instead of replacing them with U+FFFD in silence, so the record holding them can be
/// rejected with its line rather than stored with the text damaged.
/// </summary>
internal static class InvalidUtf8
{
    public const char Mark = '\uFFFF';

    public static Encoding Encoding { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new MarkFallback());

    private sealed class MarkFallback : DecoderFallback
    {
        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new MarkBuffer();
    }

    private sealed class MarkBuffer : DecoderFallbackBuffer
    {
        private int _remaining;

        public override int Remaining => _remaining;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _remaining = 1;
            return true;
        }

        public override char GetNextChar()
        {
            if (_remaining == 0)
            {
                return '\0';
            }

            _remaining--;
            return Mark;
        }

        public override bool MovePrevious()
        {
            if (_remaining == 1)
            {
                return false;
            }

            _remaining = 1;
            return true;
        }

        public override void Reset() => _remaining = 0;
    }
}
