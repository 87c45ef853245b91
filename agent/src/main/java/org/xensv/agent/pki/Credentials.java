package org.xensv.agent.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * One party's side of the mutual TLS between the console and its agents, as three PEM files in a
 * directory: {@code ca.pem} (the console's CA, the only issuer this party trusts), {@code cert.pem}
 * (its own certificate, issued by that CA) and {@code key.pem} (its private key). The console and
 * every agent hold one such directory; see {@link CertificateAuthority#issue}.
 */
public record Credentials(Path directory) {

    public static final String CA_FILE = "ca.pem";
    public static final String CERT_FILE = "cert.pem";
    public static final String KEY_FILE = "key.pem";

    /** The credentials in {@code directory}; refuses a directory that lacks one of the three files, naming it. */
    public static Credentials in(Path directory) {
        Credentials credentials = new Credentials(directory.toAbsolutePath().normalize());
        for (Path file : new Path[] {credentials.caFile(), credentials.certFile(), credentials.keyFile()}) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidValueException("credentials", directory, "must hold " + file.getFileName()
                        + " (the console issues an agent's credentials: xensv-agent issue --pki=<console data>/pki --host=<address> --out=<dir>)");
            }
        }
        return credentials;
    }

    public Path caFile() {
        return directory.resolve(CA_FILE);
    }

    public Path certFile() {
        return directory.resolve(CERT_FILE);
    }

    public Path keyFile() {
        return directory.resolve(KEY_FILE);
    }

    public X509Certificate certificate() {
        return Pem.readCertificate(certFile());
    }

    public X509Certificate ca() {
        return Pem.readCertificate(caFile());
    }

    /** Presents this party's certificate (with the CA's behind it) in a handshake. */
    public KeyManager[] keyManagers() {
        try {
            PrivateKey key = Pem.readPrivateKey(keyFile());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("self", key, password, new X509Certificate[] {certificate(), ca()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the credentials in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the console's CA and nothing else: no system CA, so a certificate from anywhere else is refused. */
    public TrustManager[] trustManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("xensv-ca", ca());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the CA in " + caFile() + ": " + e.getMessage(), e);
        }
    }

    /** A TLS 1.3 context with both: for the agents' migration streams. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers(), trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS from " + directory + ": " + e.getMessage(), e);
        }
    }
}
