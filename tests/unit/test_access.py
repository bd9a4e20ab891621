from portal.access.attempts import client_key


def test_a_limit_counts_an_address_and_an_ipv6_network():
    assert client_key("192.0.2.7") == "192.0.2.7"
    # One household or one attacker holds a whole /64.
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_key(None) == "ukjent"
