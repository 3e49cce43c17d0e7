using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace Raft.Actors.Remote;

/// <summary>
/// Mutual TLS between the actor systems of a group, with Akka.Remote's DotNetty transport: every connection, in
/// either direction, completes a TLS handshake in which both sides present a certificate, and each side accepts the
/// other's only if its thumbprint is one of the trusted ones (by default, its own certificate's: the group shares one
/// certificate, which is then the group's secret). A process without an accepted certificate and its private key
/// cannot open a connection, so it can send nothing at all (no Raft message, no Akka system message, no
/// <c>PoisonPill</c>); Akka.Remote logs each refused handshake. Pinning thumbprints needs no certificate authority,
/// and the traffic is encrypted.
/// </summary>
public static class RaftRemoteTls
{
    /// <summary>The HOCON that turns TLS on for the DotNetty transport; use it with <see cref="Setup"/>.</summary>
    public static Config EnableSsl { get; } = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on");

    /// <summary>
    /// The transport setup: this node presents <paramref name="certificate"/> (with its private key) and accepts peers
    /// presenting a certificate with one of <paramref name="trustedThumbprints"/>, or <paramref name="certificate"/>'s
    /// own when none are given. Add it to the <see cref="ActorSystemSetup"/> with <see cref="EnableSsl"/> in the config.
    /// </summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public static DotNettySslSetup Setup(X509Certificate2 certificate, IEnumerable<string>? trustedThumbprints = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"Certificate {certificate.Subject} ({certificate.Thumbprint}) has no private key: a member must prove it holds it.", nameof(certificate));
        }

        var trusted = trustedThumbprints?.ToArray() is { Length: > 0 } listed ? listed : [certificate.Thumbprint];
        return new DotNettySslSetup(
            certificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            validateCertificateHostname: false,
            customValidator: CertificateValidation.PinnedCertificate(trusted));
    }

    /// <summary>Loads a PKCS#12 (.pfx) file holding the certificate and its private key.</summary>
    /// <exception cref="ArgumentException">The file is missing, the password is wrong, or it holds no private key; the message names the file.</exception>
    public static X509Certificate2 LoadCertificate(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The certificate file '{Path.GetFullPath(path)}' does not exist.", nameof(path));
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"The certificate file '{Path.GetFullPath(path)}' could not be read as PKCS#12 with the password given: {ex.Message}", nameof(path), ex);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new ArgumentException($"The certificate file '{Path.GetFullPath(path)}' holds no private key.", nameof(path));
    }
}
