package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void addressesAreOneIpv4OrIpv6LiteralAndNetworksMayHaveAPrefix() {
        assertThat(List.of("203.0.113.7", "2001:db8::7", "::1", "fe80::1", "::", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::"))
                .allMatch(IpAddress::isAddress);
        assertThat(List.of("1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", ":1::", "::ffff:192.0.2.300")).noneMatch(IpAddress::isAddress);
        assertThat(List.of("203.0.113.256", "mail.example.com", "[2001:db8::7]", "10.0.0.0/8", "", "1.2.3", "2001:db8::g"))
                .noneMatch(IpAddress::isAddress);
        assertThat(List.of("10.0.0.0/8", "2001:db8::/48", "198.51.100.7", "::/0")).allMatch(IpAddress::isNetwork);
        assertThat(List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "example.com/24"))
                .noneMatch(IpAddress::isNetwork);
    }
}
