using Npgsql;

namespace Raft.Actors.Persistence;

/// <summary>Checks a PostgreSQL connection string before the actor system starts: well formed, and the database answers.</summary>
internal static class PostgresDatabase
{
    /// <summary>Validates and connects once; returns how to name the database in messages.</summary>
    /// <exception cref="RaftStorageException">The string is malformed or the database cannot be reached.</exception>
    public static string Check(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // The string may hold a password: name the problem, not the string.
            throw new RaftStorageException("PostgreSQL connection string", $"it is malformed ({ex.Message})", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new RaftStorageException("PostgreSQL connection string", "it names no Host");
        }

        var location = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            throw new RaftStorageException(location, $"it cannot be reached ({ex.Message})", ex);
        }

        return location;
    }
}
