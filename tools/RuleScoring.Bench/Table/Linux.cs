using System.Globalization;

namespace RuleScoring.Bench.Table;

/// <summary>What /proc tells about CPU time, memory and load; null where /proc is not there.</summary>
internal static class Linux
{
    // USER_HZ: 100 on every Linux this runs on (the kernel's ABI fixes it for /proc).
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds of a process: its own (user + system) and, with children, those of the children it has waited for.</summary>
    public static double? CpuSeconds(string pid, bool withWaitedChildren)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return null;
        }

        // After the ")" of the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (withWaitedChildren)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>A process tree's CPU seconds so far: the root with its waited-for children, plus every live child's.</summary>
    public static double? TreeCpuSeconds(int root)
    {
        var total = CpuSeconds(root.ToString(CultureInfo.InvariantCulture), withWaitedChildren: true);
        if (total is null)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (!pid.All(char.IsAsciiDigit) || StatFields(pid) is not { } fields || fields[1] != root.ToString(CultureInfo.InvariantCulture))
            {
                continue;
            }

            total += CpuSeconds(pid, withWaitedChildren: true) ?? 0;
        }

        return total;
    }

    /// <summary>This process's peak resident set (VmHWM), in bytes.</summary>
    public static long? PeakResidentBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts the peak resident set (VmHWM) again from what is resident now (writing 5 to
    /// /proc/self/clear_refs), so the next read is one phase's peak, not the whole run's. False
    /// where the kernel does not offer it: the peak read then is the run's.
    /// </summary>
    public static bool ResetPeakResident()
    {
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string[]? StatFields(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
