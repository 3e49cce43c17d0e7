using System.Collections;
using System.Reflection;

namespace Raft.Tests.Serialization;

/// <summary>
/// Structural equality for messages: records compare byte arrays by reference, so this compares every public
/// property, lists element by element and byte arrays by content. Returns where the first difference is.
/// </summary>
internal static class Equivalence
{
    public static string? Difference(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}";
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}";
        }

        switch (expected)
        {
            case byte[] bytes:
                return bytes.AsSpan().SequenceEqual((byte[])actual) ? null : $"{path}: the bytes differ";
            case string or ValueType:
                return expected.Equals(actual) ? null : $"{path}: expected {expected}, got {actual}";
            case IList list:
                var other = (IList)actual;
                if (list.Count != other.Count)
                {
                    return $"{path}: expected {list.Count} elements, got {other.Count}";
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (Difference(list[i], other[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0
                && Difference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}") is { } difference)
            {
                return difference;
            }
        }

        return null;
    }
}
