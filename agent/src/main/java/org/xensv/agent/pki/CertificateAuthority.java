package org.xensv.agent.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * The console's certificate authority: an EC P-256 key and a self-signed CA certificate kept in the
 * console's {@code pki} directory ({@code ca.pem}, {@code ca-key.pem}), created the first time it is
 * needed. It issues the console's own client certificate and each agent's certificate when the host
 * joins; agents trust this CA only, and the console trusts only agents whose certificate it issued.
 */
public final class CertificateAuthority {

    public static final String CA_KEY_FILE = "ca-key.pem";
    /** The console's own credentials, beside the CA. */
    public static final String CONSOLE_DIR = "console";

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration LEAF_LIFETIME = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(Path directory, X509Certificate certificate, PrivateKey key) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
    }

    /** The CA in {@code directory}, created (key and certificate) if the directory holds none yet. */
    public static synchronized CertificateAuthority openOrCreate(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path certFile = dir.resolve(Credentials.CA_FILE);
        Path keyFile = dir.resolve(CA_KEY_FILE);
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
            return new CertificateAuthority(dir, Pem.readCertificate(certFile), Pem.readPrivateKey(keyFile));
        }
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=xensv console CA " + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ",O=xensv");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, pair.getPublic(), CA_LIFETIME)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            Pem.writePrivateKey(keyFile, pair.getPrivate());
            Pem.writeCertificate(certFile, cert);
            return new CertificateAuthority(dir, cert, pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the console's certificate authority in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The console's own credentials (its client certificate for the agents), issued on first use
     * under {@code <pki>/console}.
     */
    public synchronized Credentials consoleCredentials() {
        Path dir = directory.resolve(CONSOLE_DIR);
        if (!Files.isRegularFile(dir.resolve(Credentials.CERT_FILE)) || !Files.isRegularFile(dir.resolve(Credentials.KEY_FILE))) {
            issue("xensv-console", List.of(), dir);
        }
        return Credentials.in(dir);
    }

    /**
     * Issues a certificate for {@code commonName}, valid for the given host names and IP addresses
     * (the addresses others use to reach it: the console checks the agent's address against them),
     * with a new key, and writes it with the CA's certificate into {@code out} as {@link Credentials}.
     */
    public Credentials issue(String commonName, List<String> hosts, Path out) {
        if (commonName == null || commonName.isBlank() || commonName.contains(",") || commonName.contains("=")) {
            throw new InvalidValueException("name", commonName, "must be a plain name (no commas or equals signs)");
        }
        KeyPair pair = newKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + commonName + ",O=xensv"), pair.getPublic(), LEAF_LIFETIME)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (!hosts.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hosts));
            }
            X509Certificate cert = sign(builder, key);
            Pem.writePrivateKey(out.resolve(Credentials.KEY_FILE), pair.getPrivate());
            Pem.writeCertificate(out.resolve(Credentials.CERT_FILE), cert);
            Pem.writeCertificate(out.resolve(Credentials.CA_FILE), certificate);
            return Credentials.in(out);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static GeneralNames subjectAltNames(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String raw : hosts) {
            String host = raw.strip();
            if (host.isEmpty()) {
                continue;
            }
            if (isIpLiteral(host)) {
                names.add(new GeneralName(GeneralName.iPAddress, host));
            } else if (host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            } else {
                throw new InvalidValueException("host", host, "must be a host name or an IP address");
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host) != null;
        } catch (java.net.UnknownHostException e) {
            throw new InvalidValueException("host", host, "is not a valid IP address");
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration lifetime) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(lifetime)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }
}
