package aeza_test

import (
	"encoding/json"
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/ruapi/ruapi-go/dataprovider"
	"github.com/stretchr/testify/assert"
)

// aeza.Password is the one shared secret type (dataprovider's too): a
// conversion from a string still works, and it reads JSON back as
// dataprovider's always did.
func TestPasswordIsTheSharedType(t *testing.T) {
	t.Parallel()
	p := aeza.Password("fake-pw-not-real")
	dps := []dataprovider.Password{p} // the same type: no conversion
	dp := dps[0]
	assert.Equal(t, "fake-pw-not-real", dp.Reveal())
	var _ json.Unmarshaler = &p
	var back aeza.Password
	assert.NoError(t, json.Unmarshal([]byte(`"x"`), &back))
	assert.Equal(t, "x", back.Reveal())
}
