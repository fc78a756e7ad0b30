"""The load test's calibration view exists only where a load run switches it on."""


def test_the_calibration_view_is_not_routed_by_default(founder_client):
    assert founder_client.post("/lasttest/kalibrierung/").status_code == 404
