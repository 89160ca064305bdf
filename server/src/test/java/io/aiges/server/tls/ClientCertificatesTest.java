package io.aiges.server.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.lang.reflect.Proxy;
import java.security.cert.Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/** The client name taken from a client certificate's subject. */
class ClientCertificatesTest {
    private static TestCa ca;

    @BeforeAll
    static void ca() throws Exception {
        ca = TestCa.create("names CA");
    }

    /** A session whose peer showed {@code peer} (null: no certificate). */
    private static SSLSession session(Certificate... peer) {
        return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[]{SSLSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPeerCertificates")) {
                        if (peer == null) {
                            throw new SSLPeerUnverifiedException("no certificate");
                        }
                        return peer;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String nameOf(String subject) throws Exception {
        return ClientCertificates.name(session(ca.client(subject).certificate()));
    }

    @Test
    void theCommonNameWhenThereIsOne() throws Exception {
        assertThat(nameOf("CN=alice,OU=ml,O=acme,C=DE")).isEqualTo("alice");
    }

    @Test
    void theMostSpecificCommonNameOfSeveral() throws Exception {
        assertThat(nameOf("CN=svc-a,CN=team,O=acme")).isEqualTo("svc-a");
    }

    @Test
    void theWholeSubjectWithoutACommonName() throws Exception {
        assertThat(nameOf("OU=ml,O=acme\\, inc,C=DE")).isEqualTo("OU=ml,O=acme\\, inc,C=DE");
    }

    @Test
    void longNamesAreCut() throws Exception {
        assertThat(nameOf("CN=" + "x".repeat(300))).hasSize(ClientCertificates.MAX_NAME_CHARS);
    }

    @Test
    void noNameWithoutASessionOrACertificate() {
        assertThat(ClientCertificates.name(null)).isNull();
        assertThat(ClientCertificates.name(session((Certificate[]) null))).isNull();
        assertThat(ClientCertificates.name(session())).isNull();
    }
}
