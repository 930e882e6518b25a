package servicemanager_test

import (
	"testing"

	sm "github.com/ruapi/ruapi-go/servicemanager"
	"github.com/stretchr/testify/assert"
)

func TestEnumsKnown(t *testing.T) {
	t.Parallel()
	assert.True(t, sm.BillPaid.Known())
	assert.False(t, sm.BillStatusName("refunded").Known())
	assert.True(t, sm.PeriodMonth.Known())
	assert.False(t, sm.PeriodKind("week").Known())
	assert.True(t, sm.TenantUsed.Known())
	assert.False(t, sm.TenantStatus("preparing").Known())
}
