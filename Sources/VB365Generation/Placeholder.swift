enum _PlaceholderVB365Generation {}
