/* Fitting the process map into a given number of columns and rows: denser styles first, then fewer
 * activities and paths. */
/* SPDX-License-Identifier: MIT */
#include "mapfit.h"

#include <string.h>

/* The narrowest one-row box and its gap: "[Name]" and three blanks. */
#define MIN_BOX 9

struct fit_ctx {
    const struct event_log *log;
    struct mapsimplify_memo *memo;
    struct map_layout_opts o;
    int cols, rows;
    mapfit_chrome_fn chrome;
    void *ud;
    int layouts;
};

static bool
fits(struct fit_ctx *c, const struct map_graph *g, const struct map_layout *l)
{
    int extra = c->chrome != NULL ? c->chrome(c->ud, g, l, c->cols) : 0;
    return l->width <= c->cols && l->height + extra <= c->rows;
}

/* Lay g out in style s; the layout, or NULL (freed) when it does not fit and !keep. */
static struct map_layout *
try_style(struct fit_ctx *c, const struct map_graph *g, enum map_style s, bool keep, bool *ok)
{
    struct map_layout_opts o = c->o;
    o.style = s;
    /* Narrowing the names costs a layout per step and hardly changes the
     * height: first see whether the height could do. */
    o.max_width = 0;
    struct map_layout *l = maplayout_new(c->log, g, &o);
    c->layouts++;
    *ok = fits(c, g, l);
    if (!*ok && l->width > c->cols) {
        int extra = c->chrome != NULL ? c->chrome(c->ud, g, l, c->cols) : 0;
        if (l->height + extra <= c->rows) {
            maplayout_free(l);
            o.max_width = c->cols;
            l = maplayout_new(c->log, g, &o);
            c->layouts++;
            *ok = fits(c, g, l);
        }
    }
    if (!*ok && !keep) {
        maplayout_free(l);
        return NULL;
    }
    return l;
}

/* Graph at (act, path) and the densest fitting layout among compact, overview; NULL if none. */
static struct map_layout *
try_sliders(struct fit_ctx *c, double act, double path, struct map_graph *g)
{
    mapsimplify_memo_build(c->memo, act, path, g);
    bool ok;
    struct map_layout *l = try_style(c, g, MAP_STYLE_COMPACT, false, &ok);
    if (l == NULL)
        l = try_style(c, g, MAP_STYLE_OVERVIEW, false, &ok);
    if (l == NULL)
        mapsimplify_clear(g);
    return l;
}

/* The activities percentage that keeps exactly k of np present activities. */
static double
pct_for(size_t k, size_t np)
{
    return np == 0 ? 100.0 : (100.0 * (double)k - 0.5) / (double)np;
}

void
mapfit_run(const struct event_log *log, const struct selection *sel, double act_pct,
           double path_pct, const struct map_layout_opts *o, int cols, int rows,
           mapfit_chrome_fn chrome, void *ud, struct map_fit *out)
{
    struct mapsimplify_memo *m = mapsimplify_memo_new(log, sel);
    mapfit_run_memo(m, log, act_pct, path_pct, o, cols, rows, chrome, ud, out);
    mapsimplify_memo_free(m);
}

void
mapfit_run_memo(struct mapsimplify_memo *m, const struct event_log *log, double act_pct,
                double path_pct, const struct map_layout_opts *o, int cols, int rows,
                mapfit_chrome_fn chrome, void *ud, struct map_fit *out)
{
    memset(out, 0, sizeof *out);
    struct fit_ctx c = {log, m, {0}, cols, rows, chrome, ud, 0};
    if (o != NULL)
        c.o = *o;
    else
        maplayout_opts_init(&c.o);
    out->act_pct = act_pct;
    out->path_pct = path_pct;

    mapsimplify_memo_build(m, act_pct, path_pct, &out->g);
    out->asked_paths = out->g.n_paths;
    out->asked_kept = out->g.n_kept;
    /* The most boxes that could fit: one-row boxes of at least MIN_BOX cells
     * and a gap, on every other row. More are not tried. */
    size_t room = (size_t)(cols / MIN_BOX) * (size_t)(rows / 2 > 0 ? rows / 2 : 1);
    static const enum map_style order[] = {MAP_STYLE_NORMAL, MAP_STYLE_COMPACT, MAP_STYLE_OVERVIEW};
    for (int i = 0; i < 3 && out->g.n_kept <= room; i++) {
        bool ok;
        out->l = try_style(&c, &out->g, order[i], false, &ok);
        if (out->l != NULL) {
            out->fits = true;
            out->layouts = c.layouts;
            return;
        }
    }

    /* Fewer paths: the slider at 0 keeps each activity's main ways in and out. */
    size_t np = out->g.n_present, kept = out->g.n_kept;
    mapsimplify_clear(&out->g);
    out->lowered = true;
    double act_now = act_pct < 0 ? pct_for(kept, np) : act_pct;
    out->l = kept <= room ? try_sliders(&c, act_now, 0, &out->g) : NULL;
    if (out->l != NULL) {
        out->act_pct = act_now;
        out->path_pct = 0;
        out->fits = true;
        out->layouts = c.layouts;
        return;
    }

    /* Fewer activities: the most that fit. Galloping up from a few (small
     * layouts are cheap, big ones are not), then bisection. */
    size_t lo = 1, hi = kept > 1 ? kept - 1 : 1, best = 0;
    if (hi > room)
        hi = room > 0 ? room : 1;
    struct map_graph bg = {0};
    struct map_layout *bl = NULL;
    bool gallop = true;
    size_t step = 4;
    while (lo <= hi) {
        size_t mid = gallop ? (step < hi ? step : hi) : lo + (hi - lo) / 2;
        struct map_graph g;
        struct map_layout *l = try_sliders(&c, pct_for(mid, np), 0, &g);
        if (l != NULL) {
            maplayout_free(bl);
            mapsimplify_clear(&bg);
            bl = l;
            bg = g;
            best = mid;
            lo = mid + 1;
            step *= 2;
        } else {
            gallop = false;
            if (mid == 1)
                break;
            hi = mid - 1;
        }
    }
    out->path_pct = 0;
    if (bl != NULL) {
        out->g = bg;
        out->l = bl;
        out->act_pct = pct_for(best, np);
        out->fits = true;
    } else {
        out->act_pct = pct_for(1, np);
        mapsimplify_memo_build(m, out->act_pct, 0, &out->g);
        bool ok;
        out->l = try_style(&c, &out->g, MAP_STYLE_OVERVIEW, true, &ok);
        out->fits = ok;
    }
    out->layouts = c.layouts;
}

void
mapfit_clear(struct map_fit *f)
{
    if (f == NULL)
        return;
    maplayout_free(f->l);
    mapsimplify_clear(&f->g);
    memset(f, 0, sizeof *f);
}
