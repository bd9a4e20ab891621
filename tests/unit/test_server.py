from portal.server import ServerSettings, default_settings, is_loopback


def test_the_server_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_WORKERS", "3")
    monkeypatch.setenv("PORTAL_THREADS", "32")
    monkeypatch.setenv("PORTAL_HEADER_TIMEOUT", "2.5")
    assert default_settings() == ServerSettings(workers=3, threads=32, header_timeout=2.5)


def test_without_the_environment_the_defaults_hold_hundreds_of_slow_clients(monkeypatch):
    for name in ("PORTAL_WORKERS", "PORTAL_THREADS", "PORTAL_HEADER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    settings = default_settings()
    assert settings.threads * settings.workers >= 256
    assert settings.header_timeout == 10


def test_loopback_addresses_are_this_machine_only():
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "::", "10.0.0.5", "192.0.2.1", "name.invalid"))
