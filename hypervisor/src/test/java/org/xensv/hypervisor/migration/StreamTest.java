package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

class StreamTest {

    @Test
    void recordsRoundTripWithTheirType() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var writer = new StreamWriter(bytes, null);
        writer.write(RecordType.END_OF_ROUND, new byte[] {0, 0, 0, 7});
        writer.write(RecordType.COMMIT, new byte[0]);
        assertThat(writer.bytesWritten()).isEqualTo(16 + 12);
        var reader = new StreamReader(new ByteArrayInputStream(bytes.toByteArray()), "test");
        var first = reader.read();
        assertThat(first.type()).isEqualTo(RecordType.END_OF_ROUND);
        assertThat(first.getInt(0)).isEqualTo(7);
        assertThat(reader.read().type()).isEqualTo(RecordType.COMMIT);
        assertThatThrownBy(reader::read).isInstanceOf(EOFException.class);
    }

    @Test
    void aFlippedBitFailsTheChecksum() throws Exception {
        var bytes = new ByteArrayOutputStream();
        new StreamWriter(bytes, null).write(RecordType.VCPU_STATE, new byte[100]);
        byte[] wire = bytes.toByteArray();
        wire[50] ^= 1;
        var reader = new StreamReader(new ByteArrayInputStream(wire), "test");
        assertThatThrownBy(reader::read).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("CRC32C");
    }

    @Test
    void aGarbledHeaderIsRejectedBeforeReadingItsLength() {
        byte[] wire = {0, 0, 0, 99, 0x7f, 0, 0, 0};
        var reader = new StreamReader(new ByteArrayInputStream(wire), "test");
        assertThatThrownBy(reader::read).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("bad header");
    }
}
