package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {
    @ParameterizedTest
    @CsvSource({"2001:db8:0:0:0:0:0:10, 2001:db8::10", "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1", "0:0:0:0:0:0:0:1, ::1",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6", "fe80:0:0:0:0:0:0:0, fe80::", "192.0.2.1, 192.0.2.1"})
    void writesAddressesInTheirShortestForm(String in, String expected) throws Exception {
        assertThat(Addresses.text(InetAddress.getByName(in))).isEqualTo(expected);
    }
}
