extension ReportRenderer {
    /// Every protection page this report holds in `format` (`ViewBuilder.protectionTenants`:
    /// each organization's objects, `ViewBuilder.protectionRowsPerPage` to a page), and with
    /// `withCSV` each organization's CSV file (`ProtectionCSV`); nothing when no protection
    /// snapshot was read.
    func protectionPages(
        _ builder: ViewBuilder, format: OutputFormat, withCSV: Bool
    ) throws(TemplateError) -> [UnitPage] {
        var pages: [UnitPage] = []
        for tenant in builder.protectionTenants {
            for number in 0..<builder.protectionPageCount(tenant) {
                let path = builder.protectionPagePath(tenant, page: number) + "." + format.fileExtension
                pages.append(try page(builder.protectionPage(tenant, page: number), path: path, format: format))
            }
            guard withCSV else { continue }
            let path = builder.protectionFile(tenant) + ".csv"
            let bytes = ProtectionCSV.bytes(
                input.summary.protection.tenants[tenant], jobName: builder.protectionJobName)
            pages.append(
                UnitPage(
                    path: path, key: nil,
                    page: RenderedPage(
                        path: path, bytes: bytes, template: "protection.csv", format: format, isData: true)))
        }
        return pages
    }
}
