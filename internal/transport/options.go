package transport

// ApplyOptions is the option loop of every package's NewClient: it applies
// opts to s in order, skips a nil option (an option chosen at run time may be
// left out as nil), and returns the first option's error as it is, for the
// caller to prefix with its package's name.
func ApplyOptions[S any, O ~func(S) error](s S, opts []O) error {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(s); err != nil {
			return err
		}
	}
	return nil
}
