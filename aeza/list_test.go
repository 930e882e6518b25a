package aeza_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/aeza"
)

// Issue 22 (sentinel messages): ErrPageRepeated's text has no package
// prefix, and the error an iterator yields names the package and the list,
// legacy and v2 alike. Before, the bare sentinel was yielded
// ("aeza: the server returned ...", no operation).
func TestPageRepeatedNamesTheList(t *testing.T) {
	assert.Equal(t, "the server returned the same page for a new offset", aeza.ErrPageRepeated.Error())

	c, _ := pagingServer(t, 10, true, 0)
	var last error
	for _, err := range c.Services.All(context.Background(), nil) {
		if err != nil {
			last = err
		}
	}
	require.ErrorIs(t, last, aeza.ErrPageRepeated)
	assert.Equal(t, "aeza: services.list: the server returned the same page for a new offset", last.Error())

	c, _ = pagedV2(t, 7, "ignores offset")
	last = nil
	for _, err := range c.Notifications.All(context.Background(), &aeza.PageOptions{Limit: 3}) {
		if err != nil {
			last = err
			break
		}
	}
	require.ErrorIs(t, last, aeza.ErrPageRepeated)
	assert.Equal(t, "aeza: notifications.list: the server returned the same page for a new offset", last.Error())
}
