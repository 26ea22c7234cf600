"""Warm kernels give exactly what fresh kernels give (the proof that reusing them is safe)."""

from __future__ import annotations

from conftest import YEAR

from cres_reports import config, publish, rendering
from cres_reports.kernels import WarmKernel


def test_warm_kernel_pages_equal_fresh_kernel_pages(site, tmp_path):
    jobs = publish.jobs_for_year(site / "data", YEAR, validated=True)
    chosen = [j for j in jobs if j.notebook != "fiche_cres"]
    chosen += [j for j in jobs if j.chamber in ("53", "94")]  # a full and an empty profile
    warm = WarmKernel(config.PROJECT_ROOT)
    try:
        # Run everything twice in the same kernel, so that each page follows others.
        for round_ in (1, 2):
            for job in chosen:
                out = tmp_path / f"warm{round_}" / job.page.replace(".html", ".ipynb")
                warm.execute(config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb", out, job.parameters)
    finally:
        warm.shutdown()
    for job in chosen:
        fresh = tmp_path / "fresh" / job.page.replace(".html", ".ipynb")
        rendering.execute(
            config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb",
            fresh,
            job.parameters,
            cwd=config.PROJECT_ROOT,
        )
        pages = []
        for executed in (fresh, tmp_path / "warm2" / fresh.relative_to(tmp_path / "fresh")):
            pages.append(rendering.render_html(executed, title=job.title, plotly_js="inline"))
        assert pages[0] == pages[1], job.page
