import VB365Statistics

extension ReportRenderer {
    /// Organization `tenant`'s protection pages in every format (`ViewBuilder.protectionRowsPerPage`
    /// objects to a page) and its CSV file (`ProtectionCSV`): a unit of its own, so that an estate
    /// of many organizations renders one organization's table at a time. Every object comes from
    /// `ReportInput.protectionDetail` (the summary keeps counts and problems), else the summary.
    func protectionPages(tenant: Int) throws(TemplateError) -> [UnitPage] {
        let brief = input.summary.protection.tenants[tenant]
        let detail = brief.objectsKept == .all ? nil : input.protectionDetail?(brief)
        let t = detail ?? brief
        var pages: [UnitPage] = []
        for (f, (format, builder)) in zip(formats, builders).enumerated() {
            for number in 0..<builder.protectionPageCount(tenant) {
                let path = builder.protectionPagePath(tenant, page: number) + "." + format.fileExtension
                pages.append(
                    try page(builder.protectionPage(tenant, page: number, detail: detail), path: path, format: format))
            }
            guard f == 0 else { continue }
            let path = builder.protectionFile(tenant) + ".csv"
            let bytes = ProtectionCSV.bytes(t, jobName: builder.protectionJobName)
            pages.append(
                UnitPage(
                    path: path, key: nil,
                    page: RenderedPage(
                        path: path, bytes: bytes, template: "protection.csv", format: format, isData: true)))
        }
        return pages
    }
}
