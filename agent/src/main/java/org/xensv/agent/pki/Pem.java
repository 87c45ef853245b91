package org.xensv.agent.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes certificates and PKCS#8 private keys as PEM files (what gRPC, OpenSSL and this code all read). */
final class Pem {

    private Pem() {
    }

    static X509Certificate readCertificate(Path file) {
        Object object = read(file);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + " does not hold a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds a certificate Java cannot read: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) {
        Object object = read(file);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " holds a key Java cannot read: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " does not hold a PEM private key");
    }

    static void writeCertificate(Path file, X509Certificate certificate) {
        write(file, certificate, false);
    }

    /** Written readable by its owner only. */
    static void writePrivateKey(Path file, PrivateKey key) {
        try {
            write(file, new JcaPKCS8Generator(key, null).generate(), true);
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the private key for " + file, e);
        }
    }

    private static Object read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, Object object, boolean secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (Writer out = Files.newBufferedWriter(tmp); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(object);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
