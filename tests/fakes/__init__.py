"""Hand-written fakes of outside services, run as real servers on loopback."""
