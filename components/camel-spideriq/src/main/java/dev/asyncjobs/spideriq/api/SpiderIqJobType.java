package dev.asyncjobs.spideriq.api;

/** The SpiderIQ job types this component submits, named as the API names them. */
public enum SpiderIqJobType {
    /** Crawls a website: contacts, social profiles, company analysis ({@code POST /api/v1/jobs/spiderSite/submit}). */
    spiderSite,
    /** Searches Google Maps for businesses ({@code POST /api/v1/jobs/spiderMaps/submit}). */
    spiderMaps
}
