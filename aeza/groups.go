package aeza

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"strings"
)

// GroupRole is what a group stands for in the group tree.
type GroupRole string

// Known roles; a server group or a special group has none (null), and
// unknown roles decode as they are.
const (
	// GroupRoleLocation marks a location group: a top-level group whose
	// Payload.Code is the country code (ru, de, nl, ...).
	GroupRoleLocation GroupRole = "location"
)

// String returns the role as Aeza names it.
func (r GroupRole) String() string { return string(r) }

// Group is a node of Aeza's product group tree (GET services/groups).
// Location groups (Role "location", no parent, Payload.Code = country) sit at
// the top, one per product type; server groups (Payload.Mode "shared",
// "dedicated", ...) hang under them by ParentID, and products point at
// server groups by Product.GroupID. Special groups (waf, vpn, s3, soft) have
// neither a role nor a parent. Use [Groups] to walk the tree; group ids
// change over time, so look them up rather than hard-code them.
type Group struct {
	ID int64 `json:"id"`
	// Type is the product type; the v2 API's object form {"slug": ...}
	// decodes to its slug.
	Type  ProductType `json:"type"`
	Name  string      `json:"name"`
	Order int         `json:"order,omitempty"`
	// Role is GroupRoleLocation for a location group, empty otherwise.
	Role GroupRole `json:"role,omitempty"`
	// ParentID is the parent group's id (a server group's location); nil
	// for a top-level group.
	ParentID *int64 `json:"parentId,omitempty"`
	// Names are the localized names ({"en": ..., "ru": ...}).
	Names map[string]string `json:"names,omitempty"`
	// HasProducts reports whether products point at this group.
	HasProducts bool `json:"hasProducts,omitempty"`
	// ServiceHandler is the backend that runs the group's services (vm6,
	// manual, vpn, waf, s3, ispmgr, ...).
	ServiceHandler string       `json:"serviceHandler,omitempty"`
	Payload        GroupPayload `json:"payload"`
	// Raw is the group as Aeza sent it (localedPayload, typeObject,
	// configurationPrices and other fields not decoded here).
	Raw json.RawMessage `json:"-"`
}

// GroupPayload is a group's payload.
type GroupPayload struct {
	// Code is a location group's country code, lower-case (ru, de, fr, nl,
	// fi, se, us, gb, at, hk, tr, sg, br). Server groups carry none: find
	// their location with [Groups.Location].
	Code string `json:"code,omitempty"`
	// Label is a short label ("DE-SHARED", "RU-HI-CPU"). Do not parse a
	// country out of it: "WS-SHARED" is Warsaw.
	Label string `json:"label,omitempty"`
	// Mode is a server group's kind (shared, dedicated, amd, intel, storage, promo).
	Mode       string `json:"mode,omitempty"`
	IsDisabled bool   `json:"isDisabled"`
	IsHide     bool   `json:"isHide"`
	IsPrivate  bool   `json:"isPrivate,omitempty"`
}

// IsLocation reports whether g is a location group: its role is "location"
// (in any case),
// or (the older flat shape) it has no role and no parent but a country code.
func (g Group) IsLocation() bool {
	return strings.EqualFold(string(g.Role), string(GroupRoleLocation)) ||
		g.Role == "" && g.ParentID == nil && g.Payload.Code != ""
}

type groupAlias Group

type groupWire struct {
	groupAlias
	Type json.RawMessage `json:"type"`
}

// UnmarshalJSON decodes a group, keeping it raw; the type may be a string or
// an object with a slug.
//
// It is tolerant: a member of an unexpected JSON type reads as zero and
// stays in Raw, rather than failing the group (and the product or list that
// carries it).
func (g *Group) UnmarshalJSON(b []byte) error {
	var w groupWire
	if err := unmarshalEntity(b, &w); err != nil {
		return err
	}
	*g = Group(w.groupAlias)
	g.Type = ""
	if t := bytes.TrimSpace(w.Type); len(t) > 0 && t[0] == '{' {
		var o struct {
			Slug ProductType `json:"slug"`
		}
		if json.Unmarshal(t, &o) == nil {
			g.Type = o.Slug
		}
	} else if len(t) > 0 && t[0] == '"' {
		_ = json.Unmarshal(t, &g.Type) // a valid string always decodes
	}
	g.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// Groups is a list of groups that answers questions about the tree. Get it
// whole with [GroupsService.Tree]; a list filtered by type holds that type's
// locations too, since each type has its own.
type Groups []Group

// Find returns the group with the given id.
func (gs Groups) Find(id int64) (Group, bool) {
	for _, g := range gs {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// Parent returns g's parent group; false when g is top-level or its parent
// is not in the list.
func (gs Groups) Parent(g Group) (Group, bool) {
	if g.ParentID == nil {
		return Group{}, false
	}
	return gs.Find(*g.ParentID)
}

// Children returns the groups whose parent is id, in list order.
func (gs Groups) Children(id int64) []Group {
	var out []Group
	for _, g := range gs {
		if g.ParentID != nil && *g.ParentID == id {
			out = append(out, g)
		}
	}
	return out
}

// Locations returns the location groups, in list order.
func (gs Groups) Locations() []Group {
	var out []Group
	for _, g := range gs {
		if g.IsLocation() {
			out = append(out, g)
		}
	}
	return out
}

// Location returns the location group of the group with the given id (a
// product's GroupID, or a location's own id), walking up by ParentID; its
// Payload.Code is the country. It reports false, rather than guess, when the
// group is not in the list, when a parent on the way is missing (filtered
// out or hidden), or when the walk reaches a top-level group that is no
// location (a special group such as waf).
func (gs Groups) Location(groupID int64) (Group, bool) {
	// An index of the ids (the first group with an id wins, as in Find)
	// keeps a long chain linear; the step bound stops a cycle.
	at := make(map[int64]int, len(gs))
	for i := len(gs) - 1; i >= 0; i-- {
		at[gs[i].ID] = i
	}
	i, ok := at[groupID]
	for steps := 0; ok && steps <= len(gs); steps++ {
		g := &gs[i]
		if g.IsLocation() {
			return *g, true
		}
		if g.ParentID == nil {
			break
		}
		i, ok = at[*g.ParentID]
	}
	return Group{}, false
}

// GroupsService lists product groups.
type GroupsService struct{ c *Client }

// GroupListOptions filters groups by product type.
type GroupListOptions struct {
	ListOptions
	// Type keeps the groups of one product type (type=vps).
	Type ProductType `url:"type,omitempty"`
}

func (o *GroupListOptions) list() *ListOptions {
	if o == nil {
		return nil
	}
	return &o.ListOptions
}

// List returns one page of groups (GET services/groups?type=...).
func (s *GroupsService) List(ctx context.Context, query *GroupListOptions, opts ...CallOption) (*List[Group], error) {
	if err := query.list().validate(); err != nil {
		return nil, err
	}
	var q any
	if query != nil {
		q = query
	}
	return getList[Group](ctx, s.c, "services/groups", q, "groups.list", opts)
}

// All iterates over every group.
func (s *GroupsService) All(ctx context.Context, query *GroupListOptions, opts ...CallOption) iter.Seq2[Group, error] {
	var typ ProductType
	if query != nil {
		typ = query.Type
	}
	return all[Group](ctx, s.c, "services/groups", "groups.list", query.list(), func(o ListOptions) any {
		return &GroupListOptions{ListOptions: o, Type: typ}
	}, opts)
}

// Tree returns every group (all pages) as [Groups], to find a product's
// location: tree.Location(product.GroupID).
func (s *GroupsService) Tree(ctx context.Context, query *GroupListOptions, opts ...CallOption) (Groups, error) {
	var out Groups
	for g, err := range s.All(ctx, query, opts...) {
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}
