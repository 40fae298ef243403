package dev.asyncjobs.engine.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.BasicHttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ResponseBodiesTest {

    private static final byte[] JOB = "{\"job_id\":\"j-1\",\"status\":\"processing\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyWithItsLengthIsReadWhole() throws Exception {
        assertArrayEquals(JOB, ResponseBodies.read(new BasicHttpEntity(new ByteArrayInputStream(JOB), JOB.length,
                ContentType.APPLICATION_JSON)));
    }

    @Test
    void aChunkedBodyOfUnknownLengthIsReadWhole() throws Exception {
        byte[] large = new byte[3 * 8192 + 17];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        assertArrayEquals(large, ResponseBodies.read(new InputStreamEntity(new ByteArrayInputStream(large), -1,
                ContentType.APPLICATION_OCTET_STREAM)));
    }

    @Test
    void anEmptyBody() throws Exception {
        assertArrayEquals(new byte[0], ResponseBodies.read(new BasicHttpEntity(new ByteArrayInputStream(new byte[0]), 0,
                ContentType.APPLICATION_JSON)));
    }
}
