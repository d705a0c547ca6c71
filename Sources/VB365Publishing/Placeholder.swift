enum _P2 {}
