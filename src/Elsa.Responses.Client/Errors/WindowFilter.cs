namespace Elsa.Responses.Client.Errors;

// A 65,536-bit filter in front of the set of the key's 8-byte windows: most windows of a text are ruled out by one bit.
internal sealed class WindowFilter
{
    private readonly ulong[] _bits = new ulong[1024];

    public void Add(ulong window)
    {
        var bit = Bit(window);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    public bool MightContain(ulong window)
    {
        var bit = Bit(window);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private static int Bit(ulong window) => (int)((window * 0x9E3779B97F4A7C15UL) >> 48);
}
