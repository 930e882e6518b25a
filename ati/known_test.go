package ati_test

import (
	"encoding/json"
	"testing"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResidencyKnown(t *testing.T) {
	t.Parallel()
	assert.True(t, ati.ResidencyKazakhstan.Known())
	assert.False(t, ati.Residency(5).Known())
	for raw, known := range map[string]bool{`1`: true, `{}`: true, `null`: true, `{"prop0": 200}`: true, `7`: false, `"42"`: false} {
		var f ati.ResidencyField
		require.NoError(t, json.Unmarshal([]byte(raw), &f))
		assert.Equal(t, known, f.Known(), raw)
	}
}
