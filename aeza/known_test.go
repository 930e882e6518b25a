package aeza_test

import (
	"testing"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/stretchr/testify/assert"
)

func TestEnumsKnown(t *testing.T) {
	t.Parallel()
	assert.True(t, aeza.ProductHiCPU.Known())
	assert.False(t, aeza.ProductType("gpu").Known())
	assert.True(t, aeza.GroupRole("").Known())
	assert.True(t, aeza.GroupRole("LOCATION").Known())
	assert.False(t, aeza.GroupRole("region").Known())
	assert.True(t, aeza.TermHalfYear.Known())
	assert.False(t, aeza.Term("week").Known())
}
